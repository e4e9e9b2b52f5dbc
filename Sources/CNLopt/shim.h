// NLopt from Debian's libnlopt-dev (BOBYQA, as lme4's default nloptwrap optimizer uses).
#include <nlopt.h>
