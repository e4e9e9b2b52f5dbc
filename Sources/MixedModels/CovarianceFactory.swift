/// Builds the residual covariance model of a structure for m visits and G groups.
enum CovarianceFactory {
    static func model(_ structure: CovarianceStructure, visits m: Int, groups: Int,
                      grouping: CovarianceGrouping) throws(MMRMError) -> any ResidualCovarianceModel {
        let needed = structure == .unstructured ? 1 : 2
        guard m >= needed else { throw .tooFewVisits(structure: structure, visits: m, needed: needed) }
        if grouping == .sharedCorrelation && groups > 1 {
            return VarianceCorrelationCovariance(visitCount: m, groupCount: groups, heterogeneous: structure.isHeterogeneous,
                                                 correlation: sharedCorrelation(structure, m))
        }
        let single: any ResidualCovarianceModel
        switch structure {
        case .unstructured: single = UnstructuredCovariance(visitCount: m)
        case .compoundSymmetry: single = CompoundSymmetryCovariance(visitCount: m)
        case .toeplitz: single = ToeplitzCovariance(visitCount: m)
        case .autoregressive:
            single = VarianceCorrelationCovariance(visitCount: m, groupCount: 1, heterogeneous: false,
                                                   correlation: AutoregressiveCorrelation(size: m, name: "AR(1)"))
        case .heterogeneousAutoregressive:
            single = VarianceCorrelationCovariance(visitCount: m, groupCount: 1, heterogeneous: true,
                                                   correlation: AutoregressiveCorrelation(size: m, name: "ARH(1)"))
        case .heterogeneousCompoundSymmetry:
            single = VarianceCorrelationCovariance(visitCount: m, groupCount: 1, heterogeneous: true,
                                                   correlation: CompoundSymmetryCorrelation(size: m, name: "CSH"))
        case .heterogeneousToeplitz:
            single = VarianceCorrelationCovariance(visitCount: m, groupCount: 1, heterogeneous: true,
                                                   correlation: ToeplitzCorrelation(size: m, name: "TOEPH"))
        }
        return groups > 1 ? SeparateGroupsCovariance(base: single, groupCount: groups) : single
    }

    /// The correlation part used when groups share it (named as SAS's heterogeneous variants).
    private static func sharedCorrelation(_ structure: CovarianceStructure, _ m: Int) -> any CorrelationModel {
        switch structure {
        case .unstructured: UnstructuredCorrelation(size: m)
        case .compoundSymmetry, .heterogeneousCompoundSymmetry: CompoundSymmetryCorrelation(size: m, name: "CSH")
        case .autoregressive: AutoregressiveCorrelation(size: m, name: "AR(1)")
        case .heterogeneousAutoregressive: AutoregressiveCorrelation(size: m, name: "ARH(1)")
        case .toeplitz, .heterogeneousToeplitz: ToeplitzCorrelation(size: m, name: "TOEPH")
        }
    }
}
