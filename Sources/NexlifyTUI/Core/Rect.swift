/// A rectangle of terminal cells: origin at the top-left, size in columns and rows.
///
/// ```swift
/// let area = Rect(x: 0, y: 0, width: 80, height: 24)
/// let (top, rest) = area.splitTop(3)        // 80×3 and 80×21
/// let columns = area.splitColumns(2)         // two 40-wide halves
/// ```
struct Rect: Equatable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    var isEmpty: Bool { width == 0 || height == 0 }
    var maxX: Int { x + width }
    var maxY: Int { y + height }

    /// The rectangle shrunk by `margin` on every side.
    func inset(by margin: Int) -> Rect {
        Rect(x: x + margin, y: y + margin, width: width - 2 * margin, height: height - 2 * margin)
    }

    /// The top `rows` rows and what is left below them.
    func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: taken), Rect(x: x, y: y + taken, width: width, height: height - taken))
    }

    /// The bottom `rows` rows and what is left above them.
    func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - taken), Rect(x: x, y: y + height - taken, width: width, height: taken))
    }

    /// `count` side-by-side columns covering the width (the first ones get the spare cells).
    func splitColumns(_ count: Int) -> [Rect] {
        Self.shares(of: width, into: count).map { Rect(x: x + $0.offset, y: y, width: $0.size, height: height) }
    }

    /// `count` stacked rows covering the height (the first ones get the spare rows).
    func splitRows(_ count: Int) -> [Rect] {
        Self.shares(of: height, into: count).map { Rect(x: x, y: y + $0.offset, width: width, height: $0.size) }
    }

    /// `total` cut into `count` consecutive parts whose sizes differ by at most one.
    private static func shares(of total: Int, into count: Int) -> [(offset: Int, size: Int)] {
        guard count > 0 else { return [] }
        var offset = 0
        return (0..<count).map { index in
            let size = total / count + (index < total % count ? 1 : 0)
            defer { offset += size }
            return (offset, size)
        }
    }

    /// The part of this rectangle that lies inside `other`.
    func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }
}
