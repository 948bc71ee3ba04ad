import TensorCore

/// The one place where the library's setting names become `train`'s flags.
///
/// Library messages write every setting they name in backticks (`RangeTestSettings.startLR`,
/// see `SettingError`); `flagged(_:)` puts the flag in the place of each one this table knows,
/// so `train lr-find --start-lr 0` says `--start-lr` while a program that builds the job in code
/// reads the property it set. A setting missing here keeps its library name, which the
/// end-to-end tests would show.
enum SettingFlags {
    /// Library names (settings, and the few API names a fix refers to) and what `train` calls them.
    static let table: [String: String] = [
        // Range test (`RangeTestSettings`) and its job.
        "RangeTestSettings.startLR": "--start-lr",
        "RangeTestSettings.endLR": "--end-lr",
        "RangeTestSettings.iterations": "--iterations",
        "RangeTestSettings.ladder": "--ladder",
        "RangeTestSettings.batchesPerStep": "--batches-per-step",
        "RangeTestSettings.divergenceFactor": "--divergence-factor",
        "RangeTestSettings.validationBatches": "--validation-batches",
        "RangeTestSettings.groupMultipliers": "--lr-mults",
        "RangeTestJob.batchSize": "--batch-size",
        "RangeTestJob.verifySteps": "--verify-steps",
        "RangeTestJob.checkpoint": "--from",
        "RangeTestJob.initialWeights": "--init-from",
        "SuggestionVerifier.steps": "--verify-steps",
        "StabilitySettings.reruns": "--stability",
        "StabilitySettings.ulps": "--stability-ulps",
        // Sweeps.
        "SweepJob.batchSizes": "--batch-sizes",
        "SweepJob.seeds": "--seeds",
        "SweepJob.jobs": "--jobs",
        "shard": "--shard",
        "SlurmSettings.partition": "--slurm-partition",
        "SlurmSettings.timeLimit": "--slurm-time",
        "SlurmSettings.maxParallel": "--slurm-max-parallel",
        "SlurmSettings.runsPerTask": "--slurm-runs-per-task",
        "SlurmSettings.extraOptions": "--slurm-extra",
        "SlurmSettings.requeue": "--requeue",
        // Fit and fine-tune.
        "FitJob.epochs": "--epochs",
        "FitJob.learningRate": "--lr",
        "FitJob.batchSize": "--batch-size",
        "FitJob.checkpoint": "--from",
        "FitJob.initialWeights": "--init-from",
        "FitJob.save": "--save",
        "FineTuner.Settings.freezeEpochs": "--freeze-epochs",
        "FineTuner.Settings.lrMult": "--lr-mult",
        "FineTuner.run": "`train fine-tune --from`",
        // Optimizer and model, shared by every job.
        "OptimizerSettings.kind": "--optimizer",
        "OptimizerSettings.momentum": "--momentum",
        "OptimizerSettings.weightDecay": "--weight-decay",
        "OptimizerSettings.nesterov": "--nesterov",
        "model": "--model",
        "batchSize": "--batch-size",
        // Data.
        "DataRequest.source": "--data-source",
        "DataRequest.location": "--data",
        "DataRequest.validationFraction": "--valid-fraction",
        "validationFraction": "--valid-fraction",
        "DataRequest.trainLimit": "--train-limit",
        "limit": "--train-limit",
        "DataRequest.classes": "--classes",
        "DataRequest.options[\"count\"]": "--synthetic-count (--data-option count)",
        "DataRequest.options[\"labelColumn\"]": "--label-column",
        "DataRequest.options[\"fillMissing\"]": "--fill-missing",
        // Output.
        "records": "--record",
        "outputDirectory": "--out",
        "Checkpoint.save": "`train fit --save FILE`",
    ]

    /// The flags of the registries' names, for an `UnknownExtensionError` of each kind.
    static let extensionFlags: [String: String] = [
        "model": "--model", "data source": "--data-source", "recorder": "--record", "callback": "--callbacks",
    ]

    /// The text of `error` as `train` reports it: known settings as flags, and an unknown
    /// extension's name led by the flag that took it.
    static func flagged(_ error: any Error) -> String {
        let text = flagged(String(describing: error))
        if let unknown = error as? UnknownExtensionError, let flag = extensionFlags[unknown.kind] {
            return "\(flag): \(text)"
        }
        return text
    }

    /// `message` with every backticked name the table knows replaced by its flag; source
    /// options other than those in the table become `--data-option KEY`.
    static func flagged(_ message: String) -> String {
        let parts = message.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return message }
        var result = String(parts[0])
        var index = 1
        // Odd parts sit between a pair of backticks; an unpaired last backtick is left alone.
        while index < parts.count {
            let quoted = String(parts[index])
            if index + 1 < parts.count, let flag = flag(for: quoted) {
                result += flag
            } else {
                result += "`" + quoted + (index + 1 < parts.count ? "`" : "")
            }
            if index + 1 < parts.count { result += parts[index + 1] }
            index += 2
        }
        return result
    }

    private static func flag(for name: String) -> String? {
        if let flag = table[name] { return flag }
        let prefix = "DataRequest.options[\"", suffix = "\"]"
        if name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count {
            return "--data-option \(name.dropFirst(prefix.count).dropLast(suffix.count))"
        }
        return nil
    }
}
