import Testing
@testable import Meyasu

@Suite("ChartLabels")
struct ChartLabelsTests {
    typealias Position = ChartLabels.Position

    @Test("Text is measured a Latin character at 0.6 of the size and any other at 1.0, from its anchor")
    func measure() {
        #expect(ChartLabels.width(of: "12.5", size: 10) == 24)
        #expect(ChartLabels.width(of: "目標 0人", size: 10) == 10 + 10 + 6 + 6 + 10)
        let middle = ChartLabels.box(of: "12.5", size: 10, at: Position(x: 100, y: 50, anchor: .middle))
        #expect(middle == .init(minX: 88, minY: 42, maxX: 112, maxY: 52.5))
        #expect(ChartLabels.box(of: "12.5", size: 10, at: Position(x: 100, y: 50, anchor: .start)).minX == 100)
        #expect(ChartLabels.box(of: "12.5", size: 10, at: Position(x: 100, y: 50, anchor: .end)).maxX == 100)
    }

    @Test("A label takes its first clear place, and what it takes is then taken")
    func firstClear() {
        var labels = ChartLabels(width: 200, height: 100)
        let above = Position(x: 100, y: 40, anchor: .middle)
        let below = Position(x: 100, y: 70, anchor: .middle)
        #expect(labels.place("1.0", size: 10, candidates: [above, below]) == above)
        // The same place again is covered now: the next label goes below.
        #expect(labels.place("2.0", size: 10, candidates: [above, below]) == below)
        #expect(labels.taken.count == 2)
    }

    @Test("Points and lines keep labels off; outside the chart counts as covered")
    func obstacles() {
        var labels = ChartLabels(width: 200, height: 100)
        labels.block(.init(minX: 95, minY: 30, maxX: 105, maxY: 40))
        labels.block(lineFrom: (0, 75), to: (200, 75))
        let onPoint = Position(x: 100, y: 40, anchor: .middle)
        let onLine = Position(x: 100, y: 78, anchor: .middle)
        let outside = Position(x: 199, y: 20, anchor: .start)
        let clear = Position(x: 50, y: 20, anchor: .middle)
        #expect(labels.place("3.0", size: 10, candidates: [onPoint, onLine, outside, clear]) == clear)
    }

    @Test("With no clear place a label takes the one that covers least")
    func leastCovered() {
        var labels = ChartLabels(width: 200, height: 100)
        labels.block("wide label here", size: 10, at: Position(x: 100, y: 50, anchor: .middle))
        let full = Position(x: 100, y: 50, anchor: .middle)
        let half = Position(x: 100, y: 46, anchor: .middle)
        #expect(labels.place("9.9", size: 10, candidates: [full, half]) == half)
    }
}
