# Times lme4::lmer on a benchmark CSV: fit only (the data are read and converted before the
# clock starts), lme4's default lmerControl(), REML. Prints one JSON line.
# Usage: Rscript lme4_fit.R DATA.csv REPEATS
suppressPackageStartupMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript lme4_fit.R DATA.csv REPEATS")
d <- read.csv(args[1], stringsAsFactors = TRUE)
repeats <- as.integer(args[2])
times <- numeric(repeats)
for (r in seq_len(repeats)) {
  gc()
  times[r] <- system.time(m <- lmer(y ~ arm * t + site + (1 + t | id), data = d))[["elapsed"]]
}
cat(sprintf(paste0('{"tool":"lme4 %s","r":"%s","seconds":%.4f,"all_seconds":[%s],"reml":%.10f,',
                   '"evaluations":%d,"messages":%d}\n'),
            as.character(packageVersion("lme4")), paste(R.version$major, R.version$minor, sep = "."),
            median(times), paste(sprintf("%.4f", times), collapse = ","), REMLcrit(m),
            as.integer(m@optinfo$feval), length(m@optinfo$conv$lme4$messages)))
