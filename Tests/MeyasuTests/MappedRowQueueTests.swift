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
}
