import Foundation
import MetricsKit

/// A TensorBoard event file as `torch.utils.tensorboard.SummaryWriter.add_scalar` writes it: a
/// `file_version` event, then one `Event{wall_time, step, summary{value{tag, simple_value}}}`
/// per scalar, each TFRecord-framed with masked CRC-32Cs. For the benchmarks and tests.
///
/// ```swift
/// let file = TensorBoardEventFile.bytes(steps: 100, tags: ["train/loss"])          // steps 0..<100
/// let later = TensorBoardEventFile.bytes(steps: 5, tags: ["train/loss"], firstStep: 500)
/// let record = TensorBoardEventFile.frame(Array("any data".utf8))                 // one framed record
/// ```
public enum TensorBoardEventFile {
    public static func bytes(steps: Int, tags: [String], firstStep: Int = 0) -> [UInt8] {
        var file: [UInt8] = []
        file.reserveCapacity(steps * tags.count * 60)
        frame(event(wallTime: 1_764_000_000, step: 0, field: 3, payload: Array("brain.Event:2".utf8)), into: &file)
        let encodedTags = tags.map { Array($0.utf8) }
        for step in firstStep..<firstStep + steps {
            for (index, tag) in encodedTags.enumerated() {
                let scalar = Float(sin(Double(step) / 1000 + Double(index)))
                var value: [UInt8] = []
                lengthDelimited(1, tag, into: &value)
                value.append(0x15)   // field 2, fixed32
                withUnsafeBytes(of: scalar.bitPattern.littleEndian) { value.append(contentsOf: $0) }
                var summary: [UInt8] = []
                lengthDelimited(1, value, into: &summary)
                frame(event(wallTime: 1_764_000_000 + Double(step) * 0.01, step: step, field: 5, payload: summary), into: &file)
            }
        }
        return file
    }

    private static func event(wallTime: Double, step: Int, field: UInt64, payload: [UInt8]) -> [UInt8] {
        var event: [UInt8] = [0x09]   // field 1, fixed64
        withUnsafeBytes(of: wallTime.bitPattern.littleEndian) { event.append(contentsOf: $0) }
        event.append(0x10)           // field 2, varint
        varint(UInt64(step), into: &event)
        lengthDelimited(field, payload, into: &event)
        return event
    }

    /// One TFRecord frame around `data`, both CRCs right.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        frame(data, into: &bytes)
        return bytes
    }

    private static func frame(_ data: [UInt8], into file: inout [UInt8]) {
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
        file.append(contentsOf: length)
        append32(length.withUnsafeBufferPointer(CRC32C.masked), into: &file)
        file.append(contentsOf: data)
        append32(data.withUnsafeBufferPointer(CRC32C.masked), into: &file)
    }

    private static func append32(_ value: UInt32, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func lengthDelimited(_ field: UInt64, _ payload: [UInt8], into bytes: inout [UInt8]) {
        varint(field << 3 | 2, into: &bytes)
        varint(UInt64(payload.count), into: &bytes)
        bytes.append(contentsOf: payload)
    }

    private static func varint(_ value: UInt64, into bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
