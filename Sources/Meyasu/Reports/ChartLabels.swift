/// Places a chart's text where it covers no other text, point or line: each label takes
/// the first of its candidate positions that is clear, inside the chart, of everything placed
/// before it.
///
/// Text is measured as the report's fonts draw it, near enough: a Latin letter, digit or sign is
/// 0.6 of the font size wide and any other character (kana, kanji, full-width signs) 1.0; the
/// text stands 0.8 of the size above its baseline and 0.25 below.
struct ChartLabels {
    struct Box: Equatable {
        var minX: Double
        var minY: Double
        var maxX: Double
        var maxY: Double

        /// The area the two boxes share (0 when they only touch or are apart).
        func overlap(with other: Box) -> Double {
            let width = min(maxX, other.maxX) - max(minX, other.minX)
            let height = min(maxY, other.maxY) - max(minY, other.minY)
            return width > 0 && height > 0 ? width * height : 0
        }

        func contains(_ other: Box) -> Bool {
            other.minX >= minX && other.maxX <= maxX && other.minY >= minY && other.maxY <= maxY
        }
    }

    /// Where a text goes: its baseline point and which end of the text is at `x`.
    struct Position: Equatable {
        enum Anchor: String { case start, middle, end }

        var x: Double
        var y: Double
        var anchor: Anchor
    }

    /// The chart's own area: a label is kept inside it.
    let bounds: Box
    private(set) var taken: [Box] = []

    init(width: Double, height: Double) {
        bounds = Box(minX: 0, minY: 0, maxX: width, maxY: height)
    }

    static func width(of text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.6 : 1) } * size
    }

    static func box(of text: String, size: Double, at position: Position) -> Box {
        let width = Self.width(of: text, size: size)
        let minX = switch position.anchor {
        case .start: position.x
        case .middle: position.x - width / 2
        case .end: position.x - width
        }
        return Box(minX: minX, minY: position.y - 0.8 * size, maxX: minX + width, maxY: position.y + 0.25 * size)
    }

    /// Keeps labels off `box` (a point, say).
    mutating func block(_ box: Box) { taken.append(box) }

    /// Keeps labels off the line from one point to another, as a row of small boxes along it.
    mutating func block(lineFrom start: (x: Double, y: Double), to end: (x: Double, y: Double)) {
        let (dx, dy) = (end.x - start.x, end.y - start.y)
        let steps = max(1, Int(((dx * dx + dy * dy).squareRoot() / 3).rounded(.up)))
        for step in 0...steps {
            let (x, y) = (start.x + dx * Double(step) / Double(steps), start.y + dy * Double(step) / Double(steps))
            taken.append(Box(minX: x - 1.5, minY: y - 1.5, maxX: x + 1.5, maxY: y + 1.5))
        }
    }

    /// Takes a place for a text that is already drawn at `position` (an axis label).
    mutating func block(_ text: String, size: Double, at position: Position) {
        taken.append(Self.box(of: text, size: size, at: position))
    }

    /// The first of `candidates` where `text` is inside the chart and clear of everything taken;
    /// when none is, the one that covers least. The place is then taken.
    mutating func place(_ text: String, size: Double, candidates: [Position]) -> Position {
        precondition(!candidates.isEmpty, "a label needs at least one place to go")
        var best = (position: candidates[0], box: Self.box(of: text, size: size, at: candidates[0]), cover: Double.infinity)
        for candidate in candidates {
            let box = Self.box(of: text, size: size, at: candidate)
            // Outside the chart counts as covering: a clipped label is as unreadable as a hidden one.
            let outside = bounds.contains(box) ? 0 : (box.maxX - box.minX) * (box.maxY - box.minY)
            let cover = taken.reduce(outside) { $0 + $1.overlap(with: box) }
            if cover < best.cover { best = (candidate, box, cover) }
            if cover == 0 { break }
        }
        taken.append(best.box)
        return best.position
    }
}
