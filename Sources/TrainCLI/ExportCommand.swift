import ArgumentParser
import Experiments
import Foundation
import NeuralNet

/// `train export`: a checkpoint's weights as a file other tools read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a checkpoint's weights as safetensors, named as PyTorch's state_dict().",
        discussion: """
            Tensor names and layouts are those of the equivalent PyTorch nn.Sequential (the layer \
            groups flattened in order: for the mlp `1.weight` [256, 784], `1.bias`, `3.weight`, \
            `3.bias`), so `model.load_state_dict(safetensors.torch.load_file(FILE))` loads them; \
            `--init-from FILE` on fit, lr-find and fine-tune reads them back. The model is rebuilt \
            from the name, classes and example shape saved with the checkpoint.
            """)

    @Option(name: .long, help: ArgumentHelp("The checkpoint (from `train fit --save`).", valueName: "file"))
    var from: String

    @Option(name: .long, help: "The format: safetensors.")
    var format: String = "safetensors"

    @Option(name: .long, help: ArgumentHelp("Where to write the weights.", valueName: "file"))
    var out: String

    func validate() throws {
        guard format == "safetensors" else { throw ValidationError("--format must be safetensors, got '\(format)'") }
    }

    func run() throws {
        try CommandFailure.report {
            let checkpoint = try Checkpoint.load(from: from)
            guard let model = try CheckpointLoading.makeSavedModel(checkpoint, models: TrainCommandLine.registries.models),
                  let name = checkpoint.metadata[CheckpointLoading.modelKey] else {
                throw ValidationError("\(from): the checkpoint does not say which model it holds; "
                                      + "export checkpoints written by `train fit --save`")
            }
            try checkpoint.restore(into: model)
            try StateDict.save(model, metadata: checkpoint.metadata, to: out)
            print("wrote \(out): \(StateDict.export(model).count) tensors of model \(name)")
        }
    }
}
