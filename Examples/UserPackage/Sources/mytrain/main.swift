// The whole `train` command line, with this package's callback, recorder, data source and model
// registered next to LRLab's:
//   swift run mytrain fit --record csv,loss-log --callbacks gradient-norm
//   swift run mytrain lr-find --data points.csv --model small-mlp
import Experiments
import TrainCLI

var registries = Registries.builtIn
registries.callbacks.register(GradientNormLoggerFactory())
registries.recorders.register(LossLogRecorderFactory())
registries.dataSources.register(CSVTableSource())
registries.models.register(SmallMLPBuilder())
TrainCommandLine.main(registries: registries)
