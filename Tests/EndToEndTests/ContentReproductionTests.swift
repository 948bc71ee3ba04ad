import Foundation
import XCTest

/// CI's short `scripts/reproduce-content --check`: a few cheap committed runs are regenerated
/// from the command line their run.json records (in reproducible mode) and must match
/// Content/runs value for value, so a change in numerics shows the day it is made.
///
/// When a change of numbers is intended, regenerate the content (`scripts/reproduce-content`)
/// and commit it with the change.
final class ContentReproductionTests: XCTestCase {
    /// The post-2 sweep's seed-0 runs at batch sizes 8 and 4: a few seconds each.
    static let runs = ["lrfind-cnn-bs8-s0-687732", "lrfind-cnn-bs4-s0-7fb905"]

    func testCheapCommittedRunsRegenerateBitForBit() throws {
        let content = CommandRunner.packageRoot.appendingPathComponent("Content/runs")
        let out = try CommandRunner.temporaryDirectory(self)
        // The runs of one recorded command line (a sweep) are regenerated together, the sweep
        // narrowed to their batch sizes and seeds.
        var commands: [[String]: [(batchSize: Int, seed: Int)]] = [:]
        for id in Self.runs {
            let data = try Data(contentsOf: content.appendingPathComponent(id).appendingPathComponent("run.json"))
            let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let environment = manifest["environment"] as? [String: Any]
            XCTAssertEqual(environment?["reproducible"] as? Bool, true,
                           "Content/runs/\(id) was not made in reproducible mode: regenerate the content with scripts/reproduce-content")
            let commandLine = try XCTUnwrap(manifest["commandLine"] as? [String], id)
            commands[commandLine, default: []].append((try XCTUnwrap(manifest["batchSize"] as? Int),
                                                       try XCTUnwrap(manifest["seed"] as? Int)))
        }
        for (commandLine, members) in commands {
            let arguments = Self.regeneration(of: commandLine, members: members, out: out.path)
            let run = try CommandRunner.run("train", arguments)
            XCTAssertEqual(run.status, 0, "train \(arguments.joined(separator: " ")):\n\(run.stderr)")
        }
        // The sweep's group and the narrowed command line differ by construction; every
        // number must not.
        let comparison = try CommandRunner.run("train", ["compare-runs", content.path, out.path,
                                                         "--only", Self.runs.joined(separator: ","),
                                                         "--ignore", "group,commandLine"])
        XCTAssertEqual(comparison.status, 0, """
            regenerated runs differ from Content/runs (if the change in numerics is intended, \
            regenerate the content with scripts/reproduce-content):
            \(comparison.stdout)\(comparison.stderr)
            """)
        XCTAssertTrue(comparison.stdout.contains("2 folders (6 files) identical"), comparison.stdout)
    }

    /// The image-folder post's resnet at batch size 4, seed 0, on its folder exported again from
    /// Fashion-MNIST: BatchNorm, residual blocks and stride-2 layers in reproducible mode, which
    /// the fast default-mode kernels must leave alone.
    func testCommittedResnetRunRegeneratesBitForBit() throws {
        let id = "lrfind-resnet-bs4-s0-ddaefd"
        let content = CommandRunner.packageRoot.appendingPathComponent("Content/runs")
        let out = try CommandRunner.temporaryDirectory(self)
        // The recorded folder name ("shirts") is part of the run's data description.
        let shirts = out.appendingPathComponent("data/shirts").path
        let export = try CommandRunner.run("train", ["data", "export", "--format", "png", "--classes", "0,6", "--out", shirts])
        XCTAssertEqual(export.status, 0, export.stderr)
        let data = try Data(contentsOf: content.appendingPathComponent(id).appendingPathComponent("run.json"))
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let commandLine = try XCTUnwrap(manifest["commandLine"] as? [String], id)
        let runs = out.appendingPathComponent("runs").path
        var arguments = Self.regeneration(of: commandLine, members: [(4, 0)], out: runs)
        let dataIndex = try XCTUnwrap(arguments.firstIndex(of: "--data"), "\(id) names its image folder")
        arguments[dataIndex + 1] = shirts
        let run = try CommandRunner.run("train", arguments)
        XCTAssertEqual(run.status, 0, "train \(arguments.joined(separator: " ")):\n\(run.stderr)")
        let comparison = try CommandRunner.run("train", ["compare-runs", content.path, runs, "--only", id,
                                                         "--ignore", "group,commandLine"])
        XCTAssertEqual(comparison.status, 0, """
            the regenerated resnet run differs from Content/runs (if the change in numerics is intended, \
            regenerate the content with scripts/reproduce-content):
            \(comparison.stdout)\(comparison.stderr)
            """)
        XCTAssertTrue(comparison.stdout.contains("identical"), comparison.stdout)
    }

    /// `commandLine` (as recorded, `train` first) writing into `out`, in reproducible mode, with
    /// a sweep's lists cut down to the batch sizes and seeds of `members`, in their recorded order.
    static func regeneration(of commandLine: [String], members: [(batchSize: Int, seed: Int)], out: String) -> [String] {
        var arguments = Array(commandLine.dropFirst())
        func narrow(_ option: String, to kept: Set<String>) {
            guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return }
            arguments[index + 1] = arguments[index + 1].split(separator: ",").map(String.init)
                .filter { kept.contains($0) }.joined(separator: ",")
        }
        narrow("--batch-sizes", to: Set(members.map { String($0.batchSize) }))
        narrow("--seeds", to: Set(members.map { String($0.seed) }))
        if let index = arguments.firstIndex(of: "--out"), index + 1 < arguments.count {
            arguments[index + 1] = out
        } else {
            arguments += ["--out", out]
        }
        if !arguments.contains("--reproducible") { arguments.append("--reproducible") }
        return arguments
    }
}
