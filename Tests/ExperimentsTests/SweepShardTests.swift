import XCTest
@testable import Experiments

final class SweepShardTests: XCTestCase {
    func testParsesKOverNAndRefusesOthersNamingTheShard() throws {
        XCTAssertEqual(try SweepShard(parsing: "2/5"), try SweepShard(index: 2, count: 5))
        XCTAssertEqual(try SweepShard(parsing: "0/1"), .whole)
        for bad in ["5/5", "-1/3", "1/0", "a/b", "3", "1/2/3", ""] {
            XCTAssertThrowsError(try SweepShard(parsing: bad), bad) { error in
                XCTAssertTrue("\(error)".contains("'\(bad)'"), "\(error)")
            }
        }
    }

    func testShardsPartitionTheRunsByPositionModuloCount() throws {
        let positions = Array(0..<11)
        for count in 1...12 {
            let shards = try (0..<count).map { try SweepShard(index: $0, count: count) }
            let shares = shards.map { $0.select(positions) }
            XCTAssertEqual(shares.flatMap { $0 }.sorted(), positions, "every run in exactly one of \(count) shards")
            for (shard, share) in zip(shards, shares) {
                XCTAssertEqual(share, positions.filter { $0 % count == shard.index })
                XCTAssertTrue(share.allSatisfy(shard.contains(runAt:)))
                XCTAssertLessThanOrEqual(share.count, (positions.count + count - 1) / count)
            }
        }
        // A shard's runs do not depend on the sweep's other shards or its length beyond them.
        let third = try SweepShard(index: 1, count: 3)
        XCTAssertEqual(third.select(Array(0..<7)), [1, 4])
        XCTAssertEqual(third.select(Array(0..<11)), [1, 4, 7, 10])
    }

    func testShardCountForRunsPerTask() {
        XCTAssertEqual(SweepShard.count(runs: 1000, runsPerShard: 1), 1000)
        XCTAssertEqual(SweepShard.count(runs: 1000, runsPerShard: 3), 334)
        XCTAssertEqual(SweepShard.count(runs: 6, runsPerShard: 10), 1)
        XCTAssertEqual(SweepShard.index(ofRunAt: 7, count: 3), 1)
    }

    func testSlurmArrayTaskGivesTheDefaultShard() throws {
        XCTAssertNil(try SweepShard.slurmArrayTask(environment: [:]))
        XCTAssertEqual(try SweepShard.slurmArrayTask(environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8"]),
                       try SweepShard(index: 3, count: 8))
        // An array numbered from 1 (or with gaps) has no unambiguous shard.
        XCTAssertThrowsError(try SweepShard.slurmArrayTask(environment: ["SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "8"])) {
            XCTAssertTrue("\($0)".contains("give the shard explicitly"), "\($0)")
        }
        XCTAssertThrowsError(try SweepShard.slurmArrayTask(environment: ["SLURM_ARRAY_TASK_ID": "2"]))
    }
}
