import CLapack

/// Runs `openblas_set_num_threads(1)` exactly once, before the first BLAS/LAPACK call.
///
/// The matrices in this project are tiny (a few columns, blocks of 1–4 rows); OpenBLAS's thread
/// pool only adds synchronisation overhead there. Swift initialises global constants lazily and
/// thread-safely, so touching `blasConfigured` from every entry point is enough.
let blasConfigured: Bool = {
    openblas_set_num_threads(1)
    return true
}()

/// Call at the top of every public routine that reaches BLAS or LAPACK.
@inline(__always)
func ensureBLASConfigured() {
    _ = blasConfigured
}

/// LAPACK's character arguments as the C `char` LAPACKE expects.
@inline(__always)
func lapackChar(_ character: Unicode.Scalar) -> CChar {
    CChar(truncatingIfNeeded: UInt8(ascii: character))
}
