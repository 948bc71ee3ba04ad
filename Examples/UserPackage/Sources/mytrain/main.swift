// The whole `train` command line, with this package's callback and recorder registered:
//   swift run mytrain fit --record csv,loss-log --callbacks gradient-norm
import Experiments
import TrainCLI

var registries = Registries.builtIn
registries.callbacks.register(GradientNormLoggerFactory())
registries.recorders.register(LossLogRecorderFactory())
TrainCommandLine.main(registries: registries)
