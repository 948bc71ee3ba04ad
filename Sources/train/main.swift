import TrainCLI

TrainCommandLine.main()
