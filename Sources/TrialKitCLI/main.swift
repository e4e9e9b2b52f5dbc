print("trialkit")
