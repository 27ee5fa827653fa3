import Foundation
import Testing
@testable import Meyasu

@Suite("The hand-over between an import's stages")
struct MappedRowQueueTests {
    private static func batch(_ rows: Range<Int>) -> [MappedRow<String>] {
        rows.map { .mapped("row \($0)", line: $0 + 2, record: $0 + 1) }
    }

    private static func address(_ batch: [MappedRow<String>]) -> UnsafeRawPointer? {
        batch.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("Batches come out whole, in the order they were put, with the file's digest after them; the taker changes its batch in place")
    func batchesAreMovedInOrder() throws {
        let queue = MappedRowQueue<String>(capacity: 2)
        var first = Self.batch(0..<64)
        let firstStorage = Self.address(first)
        #expect(queue.put(consume first))
        first = Self.batch(64..<80)  // the producer goes on with a batch of its own
        #expect(queue.put(first))
        queue.finish(digest: "digest", throwing: nil)

        var taken = try #require(try queue.take())
        // The storage that was put, and a change to it does not copy it (the queue keeps no
        // second reference).
        #expect(Self.address(taken) == firstStorage)
        taken[0] = .problem(RowProblem(line: 2, record: 1, reason: "changed"))
        #expect(Self.address(taken) == firstStorage)
        #expect(taken.count == 64)

        let second = try #require(try queue.take())
        guard case .mapped(let text, let line, _) = second.first else {
            Issue.record("the second batch's first row is not a mapped row")
            return
        }
        #expect(text == "row 64" && line == 66)
        #expect(try queue.take() == nil)
        #expect(queue.digest == "digest")
    }

    /// Maps a record to its first cell; the spare work marks it.
    private final class FirstCell: RowMapping {
        func map(_ record: CSVRecord) -> Result<String, RowProblem> {
            .success(String(decoding: record.cell(0), as: UTF8.self))
        }
    }

    @Test("The reading does its spare work on a batch only while at least the given number of batches wait for the next stage")
    func spareWorkFollowsTheBacklog() throws {
        let folder = TemporaryFolder()
        let rows = 64 * 8
        let path = folder.write("rows.csv", Array((0..<rows).map { "r\($0)\n" }.joined().utf8))
        func run(fromBacklog: Int) throws -> [[Bool]] {
            let queue = MappedRowQueue<String>(capacity: 4)
            RowProducer(reader: try CSVReader(file: try ByteFile(path: path)), mapper: FirstCell(),
                        spareWork: { $0 += " spared" }, spareWorkFromBacklog: fromBacklog).start(into: queue)
            // Nothing is taken until the queue is full, so the backlog as each of the first four
            // batches begins is known: 0, 1, 2, 3 (the fifth's depends on how soon this thread
            // starts taking).
            while queue.waiting < 4 { Thread.sleep(forTimeInterval: 0.001) }
            var spared: [[Bool]] = []
            while let batch = try queue.take() {
                spared.append(batch.map { row in
                    guard case .mapped(let text, _, _) = row else { return false }
                    return text.hasSuffix(" spared")
                })
            }
            #expect(spared.reduce(0) { $0 + $1.count } == rows)
            return spared
        }
        let fromTwo = try run(fromBacklog: 2)
        #expect(fromTwo.prefix(4).map { Set($0) } == [[false], [false], [true], [true]])
        #expect(try run(fromBacklog: 0).allSatisfy { $0.allSatisfy { $0 } })
        #expect(try run(fromBacklog: .max).allSatisfy { $0.allSatisfy { !$0 } })
    }
}
