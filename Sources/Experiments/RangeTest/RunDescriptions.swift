import ArtifactSchema
import LRFinder
import Datasets
import Recorders

extension OptimizerSettings {
    /// The manifest's `optimizer` member, such as `{"kind": "sgd", "momentum": 0.9, ...}`.
    public var manifestDescription: [String: JSONValue] {
        var members: [String: JSONValue] = ["kind": .string(kind.rawValue), "weightDecay": .number(weightDecay)]
        if kind == .sgd {
            members["momentum"] = .number(momentum)
            members["nesterov"] = .bool(nesterov)
        } else {
            members["beta1"] = .number(momentum)
            members["beta2"] = .number(0.999)
        }
        return members
    }
}

extension RangeTestSettings {
    /// The manifest's `schedule` member: the ladder's kind, ends and length.
    public var manifestSchedule: [String: JSONValue] {
        ["kind": .string(ladder == .exponential ? "exponential-sweep" : "linear-sweep"),
         "startLR": .number(startLR), "endLR": .number(endLR), "iterations": .number(Double(iterations))]
    }

    /// The other settings that change a range test's results (part of the run id's hash).
    public var manifestSettings: [String: JSONValue] {
        var members: [String: JSONValue] = [
            "batchesPerStep": .number(Double(batchesPerStep)),
            "divergenceFactor": divergenceFactor.map(JSONValue.number) ?? .null,
        ]
        if let validationBatches { members["validationBatches"] = .number(Double(validationBatches)) }
        if !groupMultipliers.isEmpty { members["lrMults"] = .array(groupMultipliers.map(JSONValue.number)) }
        return members
    }
}

extension DataBundle {
    /// The manifest's `data` member.
    public var manifestDescription: RunManifest.DataDescription {
        var description = RunManifest.DataDescription(name: name, path: path, trainCount: train.count,
                                                      validationCount: valid.count, validationFraction: validationFraction,
                                                      classes: classNames)
        // Sources that read the user's files say what they read; the built-in IDX and synthetic
        // data leave these out, as their name and path say it all.
        if let source = provenance.source {
            description.source = source
            description.layout = provenance.layout
            description.fileCount = provenance.fileCount
            description.exampleShape = train.exampleShape
            if normalization.isPerChannel {
                let means: [Double] = normalization.means.map { Double($0) }
                let stds: [Double] = normalization.stds.map { Double($0) }
                description.normalization = RunManifest.DataDescription.Normalization(
                    per: provenance.features == nil ? "channel" : "feature", means: means, stds: stds)
            } else {
                description.normalization = .init(mean: Double(normalization.mean), std: Double(normalization.std))
            }
            description.features = provenance.features
            description.labelColumn = provenance.labelColumn
            description.fillMissing = provenance.fillMissing
            description.filledCells = provenance.filledCells
            description.contentHash = provenance.contentHash
            description.skippedFiles = provenance.skippedFiles.isEmpty ? nil : provenance.skippedFiles
        }
        return description
    }

    /// Settings of the data that change results (part of the run id's hash).
    var manifestSettings: [String: JSONValue] {
        var settings: [String: JSONValue] = [
            "trainCount": .number(Double(train.count)), "splitSeed": .string(String(seed)),
            "classes": .array(classes.map { .number(Double($0)) }),
        ]
        // The user's files: the same path may hold other images (or other sizes) tomorrow.
        if let hash = provenance.contentHash {
            settings["contentHash"] = .string(hash)
            settings["exampleShape"] = .array(train.exampleShape.map { .number(Double($0)) })
        }
        return settings
    }
}
