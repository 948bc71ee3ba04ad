import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A sweep submitted to a real one-node Slurm cluster on this machine (munged, slurmctld and
/// slurmd started by scripts/slurm-local-cluster, stopped at the end) gives the runs and the
/// group of the same sweep run locally.
final class SlurmSweepTests: XCTestCase {
    private let sweepArguments = ["lr-find", "--data-source", "synthetic", "--synthetic-count", "512", "--iterations", "20",
                                  "--batch-sizes", "32,16,8", "--seeds", "0,1", "--quiet"]

    /// Starts a one-node cluster in `dir/cluster` for this test, stopped in its teardown; returns
    /// the environment that points Slurm's commands at it.
    private func startCluster(in dir: URL) throws -> [String: String] {
        guard getuid() == 0 else {
            print("\(name) skipped: the test cluster runs as SlurmUser root, and this test runs as uid \(getuid())")
            throw XCTSkip("needs root to start a Slurm cluster (SlurmUser root)")
        }
        for tool in ["munged", "slurmctld", "slurmd", "sbatch", "scontrol"] {
            guard ["/usr/sbin", "/usr/bin", "/sbin", "/bin"].contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }) else {
                XCTFail("\(tool) is missing: run scripts/install-system-packages slurmctld slurmd slurm-client munge "
                        + "(scripts/test does)")
                throw XCTSkip("no Slurm installed")
            }
        }
        let cluster = dir.appendingPathComponent("cluster")
        let script = CommandRunner.packageRoot.appendingPathComponent("scripts/slurm-local-cluster").path
        // Stopped at the end however the test ends; the watchdog also stops it if this process dies.
        addTeardownBlock {
            let stop = try CommandRunner.run(script, ["stop", cluster.path])
            XCTAssertEqual(stop.status, 0, stop.stderr)
            Self.assertNoDaemonLeft(in: cluster)
        }
        let start = try CommandRunner.run(script, ["start", cluster.path, String(getpid())])
        guard start.status == 0 else {
            XCTFail("the cluster did not start: \(start.stderr)")
            throw XCTSkip("no cluster")
        }
        return ["SLURM_CONF": cluster.appendingPathComponent("slurm.conf").path]
    }

    func testSlurmSweepEqualsTheLocalSweep() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let environment = try startCluster(in: dir)

        let slurmRuns = dir.appendingPathComponent("slurm-runs")
        let submitted = try CommandRunner.run("train", sweepArguments + ["--out", slurmRuns.path, "--slurm", "--slurm-wait",
                                                                          "--slurm-max-parallel", "2", "--slurm-time", "5"],
                                              in: dir, environment: environment)
        XCTAssertEqual(submitted.status, 0, submitted.stdout + submitted.stderr)
        XCTAssertTrue(submitted.stdout.contains("submitted job array"), submitted.stdout)
        XCTAssertTrue(submitted.stdout.contains("collected sweep"), "--slurm-wait prints the collect job's output: \(submitted.stdout)")

        let localRuns = dir.appendingPathComponent("local-runs")
        let local = try CommandRunner.run("train", sweepArguments + ["--out", localRuns.path, "--jobs", "2"], in: dir)
        XCTAssertEqual(local.status, 0, local.stderr)

        let slurmFolders = try FileManager.default.contentsOfDirectory(atPath: slurmRuns.path).sorted()
        XCTAssertEqual(slurmFolders, try FileManager.default.contentsOfDirectory(atPath: localRuns.path).sorted(),
                       "the same run and group folders, no -2 copies")
        let group = try XCTUnwrap(slurmFolders.first { $0.hasPrefix("sweep-") })
        XCTAssertEqual(slurmFolders.filter { $0.hasPrefix("lrfind-") }.count, 6)
        for file in ["group.json", "overlay.svg", "lr-vs-batch-size.svg"] {
            XCTAssertEqual(try text(slurmRuns, group, file), try text(localRuns, group, file),
                           "\(file): the same suggestions and fitted slopes")
        }
        let manifest = try json(slurmRuns, group, "group.json")
        XCTAssertEqual((manifest["runs"] as? [String])?.count, 6)
        XCTAssertNotNil((manifest["scaling"] as? [String: [String: Any]])?["steep"]?["slope"], "a slope was fitted")
        for run in slurmFolders where run.hasPrefix("lrfind-") {
            XCTAssertEqual(try text(slurmRuns, run, "metrics.csv"), try text(localRuns, run, "metrics.csv"), run)
            let (onSlurm, here) = (try json(slurmRuns, run, "run.json"), try json(localRuns, run, "run.json"))
            XCTAssertEqual(onSlurm["status"] as? String, "completed", run)
            for member in ["suggestions", "analysis", "group", "batchSize", "seed"] {
                XCTAssertNotNil(onSlurm[member], "\(run): \(member)")
                XCTAssertEqual(onSlurm[member] as? NSObject, here[member] as? NSObject, "\(run): \(member)")
            }
            // The summary but its wall time.
            let summaries = [onSlurm, here].map { ($0["summary"] as? [String: Any] ?? [:]).filter { $0.key != "seconds" } as NSDictionary }
            XCTAssertEqual(summaries[0], summaries[1], run)
        }
        let logs = try FileManager.default.contentsOfDirectory(atPath: slurmRuns.appendingPathComponent("\(group)/slurm").path)
        XCTAssertEqual(logs.filter { $0.hasPrefix("task-") }.count, 6, "one task per run: \(logs)")
        XCTAssertEqual(logs.filter { $0.hasPrefix("collect-") }.count, 1, "\(logs)")

        // Submitted again, every run is already completed: only the collect job runs.
        let again = try CommandRunner.run("train", sweepArguments + ["--out", slurmRuns.path, "--slurm", "--slurm-wait"],
                                          in: dir, environment: environment)
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("6 of 6 runs already completed with the same settings"), again.stdout)
        XCTAssertTrue(again.stdout.contains("submitted only the collect job"), again.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: slurmRuns.path).sorted(), slurmFolders)
    }

    /// A task that Slurm stops (SIGTERM) marks its run interrupted; requeued, it resumes its shard.
    func testARequeuedTaskResumesItsShard() throws {
        let dir = try CommandRunner.temporaryDirectory(self)
        let environment = try startCluster(in: dir)
        let runs = dir.appendingPathComponent("runs")
        let submitted = try CommandRunner.run("train", ["lr-find", "--data-source", "synthetic", "--synthetic-count", "512",
                                                        "--batch-sizes", "8", "--seeds", "0,1", "--iterations", "1000",
                                                        "--end-lr", "0.01", "--out", runs.path, "--slurm", "--requeue",
                                                        "--slurm-runs-per-task", "2"],
                                              in: dir, environment: environment)
        XCTAssertEqual(submitted.status, 0, submitted.stdout + submitted.stderr)
        let ids = submitted.stdout.split(separator: "\n").first.map { line in
            line.split(separator: " ").compactMap { Int($0) }.map(String.init)
        } ?? []
        guard ids.count >= 2 else { return XCTFail("no job ids in: \(submitted.stdout)") }
        let (array, collect) = (ids[0], ids[ids.count - 1])

        // Once the first run is under way, Slurm requeues the task (as on preemption): SIGTERM first.
        // Generous: on a loaded 2-core machine the two 1,000-batch runs and the collect job take a while.
        let deadline = Date().addingTimeInterval(300)
        func firstRun() -> String? {
            (try? FileManager.default.contentsOfDirectory(atPath: runs.path))?.filter { $0.hasPrefix("lrfind-") }.sorted().first
        }
        while Date() < deadline, firstRun().map({ (try? status(runs, $0)) == "running" }) != true {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let requeue = try CommandRunner.run("/usr/bin/scontrol", ["requeue", "\(array)_0"], environment: environment)
        XCTAssertEqual(requeue.status, 0, requeue.stderr)
        while Date() < deadline, let run = firstRun(), (try? status(runs, run)) == "running" { Thread.sleep(forTimeInterval: 0.05) }
        let first = try XCTUnwrap(firstRun())
        XCTAssertEqual(try status(runs, first), "interrupted", "SIGTERM ends the run cleanly, as interrupted")
        // Slurm holds a requeued job back for its old credential's lifetime (120 s by default). Once
        // the task is pending again (an update before that is overwritten by the requeue), let it
        // start in 2 s: a start in the same second as the old credential's revocation is refused
        // by slurmd ("Job credential revoked") and the task fails.
        var released = false
        while Date() < deadline, !released {
            let task = try CommandRunner.run("/usr/bin/scontrol", ["show", "job", "-o", "\(array)_0"], environment: environment)
            if task.stdout.contains("JobState=PENDING "), task.stdout.contains("Restarts=1 ") {
                let update = try CommandRunner.run("/usr/bin/scontrol", ["update", "JobId=\(array)_0", "StartTime=now+2"],
                                                   environment: environment)
                released = update.status == 0
            }
            if !released { Thread.sleep(forTimeInterval: 0.1) }
        }
        XCTAssertTrue(released, "could not release the requeued task")
        while Date() < deadline {
            let job = try CommandRunner.run("/usr/bin/scontrol", ["show", "job", "-o", collect], environment: environment)
            if !["PENDING", "RUNNING", "COMPLETING", "CONFIGURING"].contains(where: { job.stdout.contains("JobState=\($0) ") }) { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let task = try CommandRunner.run("/usr/bin/scontrol", ["show", "job", "-o", "\(array)_0"], environment: environment)
        XCTAssertTrue(task.stdout.contains("JobState=COMPLETED") && task.stdout.contains("Restarts=1"), task.stdout)
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
        XCTAssertEqual(folders.filter { $0.hasPrefix("lrfind-") }.count, 2, "resumed in place, no -2 copy: \(folders)")
        for run in folders where run.hasPrefix("lrfind-") { XCTAssertEqual(try status(runs, run), "completed", run) }
        let group = try XCTUnwrap(folders.first { $0.hasPrefix("sweep-") })
        // Both attempts write to the same log (--open-mode=append).
        let log = try text(runs, group, "slurm/task-\(array)_0.out")
        let interrupted = try XCTUnwrap(log.range(of: "\(first): interrupted"), log)
        XCTAssertNotNil(log.range(of: "\(first): completed", range: interrupted.upperBound..<log.endIndex), log)
        XCTAssertEqual((try json(runs, group, "group.json")["runs"] as? [String])?.count, 2, "collected after the restart")
    }

    private func status(_ root: URL, _ run: String) throws -> String {
        try XCTUnwrap(try json(root, run, "run.json")["status"] as? String)
    }

    private func text(_ root: URL, _ folder: String, _ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("\(folder)/\(file)"), encoding: .utf8)
    }

    private func json(_ root: URL, _ folder: String, _ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("\(folder)/\(file)"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Fails when a daemon started for `cluster` is still running (zombies waiting to be reaped
    /// have stopped).
    private static func assertNoDaemonLeft(in cluster: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in names.compactMap(Int32.init) {
            guard let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
                  command.contains(cluster.path) else { continue }
            let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            let state = status.split(separator: ")").last?.split(separator: " ").first ?? ""
            XCTAssertEqual(state, "Z", "still running: \(command.replacingOccurrences(of: "\0", with: " "))")
        }
    }
}
