import LinearAlgebra

/// Module-internal access for the inference code that builds on a fit (lmerTest-style
/// Satterthwaite, Kenward–Roger). Everything is evaluated from the precomputed blocks
/// (`profiledDeviance.blocks`), never from an n × n matrix.
extension LinearMixedModel {
    /// The random-effects layout (terms in lme4 order, θ templates) and sufficient statistics.
    var layout: RandomEffectsLayout { profiledDeviance.layout }
    var crossProducts: CrossProductBlocks { profiledDeviance.blocks }

    /// The profiled criterion at θ (REML criterion or ML deviance, as fitted).
    func deviance(theta: [Double]) throws -> Double {
        try profiledDeviance.deviance(theta: theta)
    }

    /// The criterion at (θ, σ) without profiling σ out (lmerTest `devfun_vp`).
    func deviance(theta: [Double], sigma: Double) throws -> Double {
        try profiledDeviance.deviance(theta: theta, sigma: sigma)
    }

    /// Var(β̂) = σ² R_X⁻¹R_X⁻ᵀ at (θ, σ).
    func vcovBeta(theta: [Double], sigma: Double) throws -> Matrix {
        try profiledDeviance.vcovBeta(theta: theta, sigma: sigma)
    }
}
