# Times lme4::lmer on a benchmark CSV (fit only: the data are read before the clock starts).
# Usage: Rscript lme4_fit.R DATA.csv REPEATS
suppressPackageStartupMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
repeats <- as.integer(args[2])
times <- numeric(repeats)
for (r in seq_len(repeats)) {
  times[r] <- system.time(m <- lmer(y ~ arm * t + site + (1 + t | id), data = d))[["elapsed"]]
}
cat(sprintf('{"tool":"lme4 %s","seconds":%.4f,"reml":%.10f}\n',
            as.character(packageVersion("lme4")), median(times), REMLcrit(m)))
