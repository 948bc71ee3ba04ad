import Foundation
import LRLabTestSupport
import Synchronization
import XCTest
@testable import Experiments

/// The job array and collect job a sweep becomes, checked against a stand-in for Slurm's
/// commands (the end-to-end test submits to a real Slurm).
final class SlurmSubmissionTests: XCTestCase {
    private func plan(out: String, batchSizes: [Int] = [16, 8, 4], seeds: [UInt64] = [0, 1]) -> SweepPlan {
        var base = TestRuns.job(out: out, iterations: 12)
        base.data = TestRuns.request
        return SweepPlan(sweep: SweepJob(base: base, batchSizes: batchSizes, seeds: seeds, jobs: 1), data: TestRuns.data)
    }

    private func submission(_ plan: SweepPlan, _ settings: SlurmSettings = SlurmSettings()) throws -> SlurmSweepSubmission {
        try SlurmSweepSubmission(plan: plan, settings: settings, executable: "/opt/lrlab/bin/train",
                                 workingDirectory: "/home/me/project", callbacks: ["mine"])
    }

    func testArrayScriptRunsOneShardPerTaskWithTheSettingsPassedThrough() throws {
        let out = try TestRuns.folder(self)
        let settings = SlurmSettings(partition: "gpu", timeLimit: "1:30:00", maxParallel: 2, runsPerTask: 1,
                                     extraOptions: ["--mem=4G", "--account=lab"], requeue: true)
        let submission = try submission(plan(out: out), settings)
        XCTAssertEqual(submission.shardCount, 6)
        XCTAssertEqual(submission.pendingShards, Array(0..<6))
        let script = submission.arrayScript()
        let directives = script.split(separator: "\n").filter { $0.hasPrefix("#SBATCH ") }.map { String($0.dropFirst(8)) }
        XCTAssertEqual(directives, ["--job-name=lrlab-\(submission.plan.groupID)", "--array=0-5%2",
                                    "--output=\(submission.slurmFolder)/task-%A_%a.out", "--chdir=/home/me/project",
                                    "--ntasks=1", "--partition=gpu", "--time=1:30:00", "--requeue", "--open-mode=append",
                                    "--mem=4G", "--account=lab"])
        XCTAssertTrue(script.hasPrefix("#!/bin/bash\n"))
        XCTAssertTrue(script.contains("exec '/opt/lrlab/bin/train' sweep run '\(submission.groupFolder)' --shard \"$SLURM_ARRAY_TASK_ID/6\" "
                                      + "--jobs \"${SLURM_CPUS_PER_TASK:-1}\" --callbacks 'mine'\n"), script)
        let collect = submission.collectScript()
        XCTAssertTrue(collect.contains("#SBATCH --partition=gpu\n#SBATCH --time=1:30:00\n#SBATCH --mem=4G\n"), collect)
        XCTAssertFalse(collect.contains("--array") || collect.contains("--requeue"), collect)
        XCTAssertTrue(collect.contains("exec '/opt/lrlab/bin/train' sweep collect '\(submission.groupFolder)'\n"), collect)
        for text in [script, collect] { try checkBashSyntax(text) }
    }

    func testOnlyShardsWithUnfinishedRunsAreSubmittedAgain() throws {
        let out = try TestRuns.folder(self)
        let plan = plan(out: out)
        // Two runs per task: 3 shards, shard k holding runs k and k + 3.
        let settings = SlurmSettings(runsPerTask: 2)
        XCTAssertEqual(try submission(plan, settings).pendingShards, [0, 1, 2])
        let executor = LocalThreadExecutor(threads: 2, data: TestRuns.data)
        _ = try SweepRunner.run(plan, shard: try SweepShard(index: 1, count: 3), executor: executor)
        _ = try SweepRunner.run(plan, positions: [0], executor: executor)
        let again = try submission(plan, settings)
        XCTAssertEqual(again.pendingShards, [0, 2], "shard 0 still has run 3")
        XCTAssertTrue(again.arrayScript().contains("#SBATCH --array=0,2\n"))
        XCTAssertEqual(again.runs(inShard: 0).map(\.position), [0, 3])
        XCTAssertEqual(SlurmSweepSubmission.ranges([0, 1, 2, 5, 7, 8, 10]), "0-2,5,7-8,10")
    }

    func testSubmitsTheArrayThenTheCollectJobAfterIt() throws {
        let out = try TestRuns.folder(self)
        let slurm = FakeSlurm(maxArraySize: 1001)
        let submission = try submission(plan(out: out))
        let jobs = try submission.submit(using: slurm.commands)
        XCTAssertEqual(jobs, SlurmSweepJobs(arrayJobID: "100", collectJobID: "101", tasks: Array(0..<6)))
        XCTAssertEqual(slurm.calls, [
            ["scontrol", "show", "config"],
            ["sbatch", "--parsable", submission.arrayScriptPath],
            ["sbatch", "--parsable", "--dependency=afterany:100", submission.collectScriptPath],
        ])
        XCTAssertEqual(try TestRuns.text(submission.arrayScriptPath), submission.arrayScript())
        XCTAssertEqual(try SweepPlan.read(from: submission.groupFolder).runs, submission.plan.runs, "sweep.json written first")
        XCTAssertEqual(SlurmArrayRecord.read(groupFolder: submission.groupFolder)?.shardCount, 6)
        XCTAssertEqual(jobs.squeueCommand, "squeue -j 100,101")
    }

    func testRefusesAnArrayLargerThanTheClustersMaxArraySizeBeforeSubmitting() throws {
        let out = try TestRuns.folder(self)
        let slurm = FakeSlurm(maxArraySize: 4)
        XCTAssertThrowsError(try submission(plan(out: out)).submit(using: slurm.commands)) { error in
            XCTAssertEqual(error as? SlurmError, .arrayTooLarge(highestTaskID: 5, maxArraySize: 4, runs: 6, runsPerTask: 1))
            XCTAssertTrue("\(error)".contains("with `SlurmSettings.runsPerTask` 2 the 6 runs fit"), "\(error)")
        }
        XCTAssertEqual(slurm.calls.filter { $0[0] == "sbatch" }, [])
        XCTAssertNoThrow(try submission(plan(out: out), SlurmSettings(runsPerTask: 2)).submit(using: slurm.commands))
    }

    func testWaitReportsTheTasksThatDidNotComplete() throws {
        let slurm = FakeSlurm(maxArraySize: 1001)
        slurm.records = [
            "100": [["JobId=102 ArrayJobId=100 ArrayTaskId=1 JobState=RUNNING ExitCode=0:0",
                     "JobId=100 ArrayJobId=100 ArrayTaskId=0 JobState=COMPLETED ExitCode=0:0",
                     "JobId=100 ArrayJobId=100 ArrayTaskId=2-3%2 JobState=PENDING ExitCode=0:0"],
                    ["JobId=102 ArrayJobId=100 ArrayTaskId=1 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15 StdOut=/logs/t1.out",
                     "JobId=100 ArrayJobId=100 ArrayTaskId=0 JobState=COMPLETED ExitCode=0:0",
                     "JobId=103 ArrayJobId=100 ArrayTaskId=2 JobState=COMPLETED ExitCode=0:0",
                     "JobId=104 ArrayJobId=100 ArrayTaskId=3 JobState=FAILED ExitCode=1:0"]],
            "101": [["JobId=101 JobState=PENDING Reason=Dependency"], ["JobId=101 JobState=FAILED ExitCode=1:0"]],
        ]
        var lines: [String] = []
        let outcome = try SlurmSweepWait(jobs: SlurmSweepJobs(arrayJobID: "100", collectJobID: "101", tasks: [0, 1, 2, 3]),
                                         commands: slurm.commands, pollInterval: 0).wait { lines.append($0) }
        XCTAssertEqual(lines, ["tasks: 1 completed, 2 pending, 1 running; collect: pending",
                               "tasks: 2 completed, 1 failed, 1 timeout; collect: failed"])
        XCTAssertEqual(outcome.failedTasks.map(\.taskIndex), [1, 3])
        XCTAssertEqual(outcome.failedTasks.first?.standardOutput, "/logs/t1.out")
        XCTAssertFalse(outcome.collectCompleted)
    }

    func testParsesScontrolsOneLineRecords() {
        let line = "JobId=5 ArrayJobId=1 ArrayTaskId=2 ArrayTaskThrottle=2 JobName=j.sh UserId=root(0) JobState=COMPLETED "
            + "Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 ExitCode=0:0 WorkDir=/tmp/slc "
            + "StdErr=/tmp/slc/out-1_2.txt StdIn=/dev/null StdOut=/tmp/slc/out-1_2.txt Power="
        XCTAssertEqual(SlurmJobRecord(line: line), SlurmJobRecord(jobID: "5", arrayJobID: "1", arrayTaskID: "2", state: "COMPLETED",
                                                                  exitCode: "0:0", reason: "None", standardOutput: "/tmp/slc/out-1_2.txt"))
        XCTAssertNil(SlurmJobRecord(line: "slurm_load_jobs error: Invalid job id specified"))
        XCTAssertEqual(SlurmSweepWait.taskCount(SlurmJobRecord(jobID: "1", arrayTaskID: "3-5,9%2", state: "PENDING")), 4)
    }

    func testSettingsAreCheckedByName() {
        for time in ["90", "30:00", "1:30:00", "2-12", "2-12:30", "2-12:30:15", "UNLIMITED"] {
            XCTAssertNoThrow(try SlurmSettings(timeLimit: time).validate(), time)
        }
        let bad: [(SlurmSettings, String)] = [
            (SlurmSettings(timeLimit: "1h"), "timeLimit"), (SlurmSettings(timeLimit: "1:2:3:4"), "timeLimit"),
            (SlurmSettings(maxParallel: 0), "maxParallel"), (SlurmSettings(runsPerTask: 0), "runsPerTask"),
            (SlurmSettings(extraOptions: ["mem=4G"]), "extraOptions"), (SlurmSettings(partition: "a b"), "partition"),
        ]
        for (settings, name) in bad {
            XCTAssertThrowsError(try settings.validate()) { XCTAssertTrue("\($0)".contains(name), "\($0)") }
        }
    }

    func testRefusesPathsTheDirectivesCannotHold() throws {
        let out = try TestRuns.folder(self) + "/with space"
        XCTAssertThrowsError(try submission(plan(out: out))) {
            XCTAssertTrue("\($0)".contains("with space"), "\($0)")
        }
    }

    private func checkBashSyntax(_ script: String) throws {
        let file = try TestRuns.folder(self) + "/script.sh"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-n", file]
        try bash.run()
        bash.waitUntilExit()
        XCTAssertEqual(bash.terminationStatus, 0, script)
    }
}

/// Answers `sbatch` with increasing job ids, `scontrol show config` with a MaxArraySize and
/// `scontrol show job` with the next of the records given per job; records every call.
private final class FakeSlurm: Sendable {
    private struct State {
        var calls: [[String]] = []
        var nextID = 100
        var records: [String: [[String]]] = [:]
    }
    private let state = Mutex(State())
    private let maxArraySize: Int

    init(maxArraySize: Int) { self.maxArraySize = maxArraySize }

    var calls: [[String]] { state.withLock { $0.calls } }

    /// Per job id, the successive answers of `scontrol show job -o <id>`, each a list of lines.
    var records: [String: [[String]]] {
        get { state.withLock { $0.records } }
        set { state.withLock { $0.records = newValue } }
    }

    var commands: SlurmCommands {
        SlurmCommands { [self] program, arguments in
            state.withLock { state in
                state.calls.append([program] + arguments)
                switch (program, arguments.first) {
                case ("sbatch", _):
                    state.nextID += 1
                    return .init(status: 0, stdout: "\(state.nextID - 1)\n", stderr: "")
                case ("scontrol", "show") where arguments.dropFirst().first == "config":
                    return .init(status: 0, stdout: "MaxArraySize            = \(maxArraySize)\nMaxJobCount = 10000\n", stderr: "")
                case ("scontrol", "show"):
                    let id = arguments.last ?? ""
                    guard var answers = state.records[id], !answers.isEmpty else {
                        return .init(status: 1, stdout: "", stderr: "slurm_load_jobs error: Invalid job id specified\n")
                    }
                    let answer = answers.count > 1 ? answers.removeFirst() : answers[0]
                    state.records[id] = answers
                    return .init(status: 0, stdout: answer.joined(separator: "\n") + "\n", stderr: "")
                default:
                    return .init(status: 127, stdout: "", stderr: "unexpected \(program)")
                }
            }
        }
    }
}
