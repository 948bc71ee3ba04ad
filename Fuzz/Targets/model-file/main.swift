// YAML model files (NeuralNet/ModelFiles: ModelFile.parse, then makeModel) as `--model net.yaml`
// reads them. Building the model is part of the target: a file asking for absurd layer sizes must
// be refused before the weights are allocated (more than -rss_limit_mb is a finding).
import Foundation
import FuzzSupport
import NeuralNet

FuzzTarget.run { bytes in
    guard let file = try? ModelFile.parse(bytes, fileName: "fuzz.yaml") else { return }
    for input in [ModelInput(exampleShape: [1, 8, 8], classes: 3), ModelInput(exampleShape: [12], classes: 2)] {
        _ = try? file.makeModel(for: input, seed: 1)
    }
}
