# Times nlme::gls (REML) with an unstructured covariance (corSymm + varIdent, the gls form of
# SAS TYPE=UN) on a CSV, data loaded first; prints one JSON line with the median seconds and
# the REML criterion. Usage: Rscript bench/gls_fit.R DATA.csv FORMULA SUBJECT TIME REPEATS [REF=LEVEL...]
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
formula <- as.formula(args[2]); subject <- args[3]; time <- args[4]; repeats <- as.integer(args[5])
response <- all.vars(formula)[1]
d <- d[!is.na(d[[response]]), ]
for (v in setdiff(all.vars(formula), response)) if (is.character(d[[v]])) d[[v]] <- factor(d[[v]])
for (ref in args[-(1:5)]) { kv <- strsplit(ref, "=")[[1]]; d[[kv[1]]] <- relevel(factor(d[[kv[1]]]), kv[2]) }
d$.visit <- as.integer(factor(d[[time]]))
d$.subject <- factor(d[[subject]])
d$.time <- factor(d[[time]])
fit_once <- function() gls(formula, data = d, method = "REML",
                           correlation = corSymm(form = ~ .visit | .subject), weights = varIdent(form = ~ 1 | .time))
seconds <- numeric(repeats)
for (i in seq_len(repeats)) { t0 <- proc.time()[["elapsed"]]; f <- fit_once(); seconds[i] <- proc.time()[["elapsed"]] - t0 }
cat(sprintf('{"seconds": %.6f, "all": [%s], "reml_criterion": %.10f, "nlme": "%s"}\n', median(seconds),
            paste(sprintf("%.6f", seconds), collapse = ", "), -2 * as.numeric(logLik(f)), packageVersion("nlme")))
