// LAPACKE and CBLAS from Debian's liblapacke-dev and libopenblas-dev.
#include <lapacke.h>
#include <cblas.h>
