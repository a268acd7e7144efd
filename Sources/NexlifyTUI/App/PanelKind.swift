/// The eight panels, numbered as the `1`–`8` zoom keys are.
enum PanelKind: Int, CaseIterable, Sendable {
    case profit = 1, loss, epsilon, learningRate, winRate, sharpe, drawdown, qValues

    var title: String {
        switch self {
        case .profit: return "Profit/Loss"
        case .loss: return "Training loss (log)"
        case .epsilon: return "Epsilon"
        case .learningRate: return "Learning rate"
        case .winRate: return "Win rate"
        case .sharpe: return "Sharpe"
        case .drawdown: return "Drawdown"
        case .qValues: return "Q-values"
        }
    }

    /// The metric a run needs for this panel, as named in the "no … in this run" message.
    var metric: String {
        switch self {
        case .profit: return "profit"
        case .loss: return "loss"
        case .epsilon: return "epsilon"
        case .learningRate: return "learning_rate"
        case .winRate: return "win_rate"
        case .sharpe: return "sharpe"
        case .drawdown: return "drawdown"
        case .qValues: return "q_values"
        }
    }

    var role: Theme.Role {
        switch self {
        case .profit: return .profit
        case .loss: return .loss
        case .epsilon: return .epsilon
        case .learningRate: return .learningRate
        case .winRate: return .winRate
        case .sharpe: return .sharpe
        case .drawdown: return .drawdown
        case .qValues: return .qValues
        }
    }
}
