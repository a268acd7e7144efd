import Testing
@testable import NexlifyTUI

@Suite struct DemoTrainingTests {
    @Test func theSameSeedGivesTheSameRunAndItLooksLikeTraining() {
        var first = DemoTraining(seed: 3)
        var second = DemoTraining(seed: 3)
        var other = DemoTraining(seed: 4)
        let steps = (0..<1500).map { _ in first.next() }
        #expect(steps.map(\.profit) == (0..<1500).map { _ in second.next().profit })
        #expect(steps.map(\.profit) != (0..<1500).map { _ in other.next().profit })
        #expect(steps.map(\.episode) == Array(0..<1500))
        #expect(steps[0].epsilon == 1 && steps[1499].epsilon == 0.05)
        #expect(Set(steps.map(\.learningRate)) == [1e-3, 5e-4, 2.5e-4])
        #expect(steps.filter { $0.loss.isNaN }.map(\.episode) == [DemoTraining.nanLossEpisode])
        let early = steps[0..<300].map(\.profit).reduce(0, +) / 300
        let late = steps[1200..<1500].map(\.profit).reduce(0, +) / 300
        #expect(late > early)
        let earlyLoss = steps[0..<100].map(\.loss).filter(\.isFinite).reduce(0, +) / 100
        let lateLoss = steps[1400..<1500].map(\.loss).reduce(0, +) / 100
        #expect(lateLoss < earlyLoss / 3)
    }
}
