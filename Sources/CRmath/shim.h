// R's standalone math library from Debian's r-mathlib, so p-values and quantiles equal R's.
#define MATHLIB_STANDALONE 1
#include <Rmath.h>
