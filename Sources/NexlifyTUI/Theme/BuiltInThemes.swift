/// The three themes shipped in `themes/`, compiled in so the binary needs no files beside it.
/// `ThemeTests` checks that the files and these texts are the same.
enum BuiltInThemes {
    static let names = ["cyberpunk", "dark", "light"]

    static func text(named name: String) -> String? {
        switch name {
        case "cyberpunk": return cyberpunk
        case "dark": return dark
        case "light": return light
        default: return nil
        }
    }

    static let cyberpunk = """
        # nexlify-tui theme: cyberpunk (the default)
        # Lines are `key = #rrggbb`; lines starting with # are comments. Unknown keys are ignored and
        # missing keys fall back to the built-in cyberpunk colours. Copy this file to make your own and
        # pass it with --theme PATH.
        background = #0d0221
        foreground = #e0e0ff
        muted = #6c6f93
        border = #2de2e6
        title = #f6019d
        raw = #4b4f7a
        reference = #5c5c8a
        band = #3b1f5e
        profit = #2de2e6
        loss = #ff6c11
        epsilon = #f9c80e
        learning_rate = #b967ff
        win_rate = #01ff89
        sharpe = #ff2a6d
        drawdown = #fd1d53
        q_values = #05d9e8
        good = #01ff89
        warning = #f9c80e
        critical = #ff2a6d
        status_background = #261447
        status_foreground = #e0e0ff
        # Runs in the compare view, in the order they were marked.
        run_1 = #2de2e6
        run_2 = #f6019d
        run_3 = #f9c80e
        run_4 = #01ff89
        run_5 = #b967ff
        run_6 = #ff6c11
        run_7 = #e0e0ff
        run_8 = #4d7cff
        
        """

    static let dark = """
        # nexlify-tui theme: dark
        # Lines are `key = #rrggbb`; lines starting with # are comments. Unknown keys are ignored and
        # missing keys fall back to the built-in dark colours.
        background = #1e1e1e
        foreground = #d4d4d4
        muted = #808080
        border = #3c3c3c
        title = #9cdcfe
        raw = #4d4d4d
        reference = #5a5a5a
        band = #264f78
        profit = #4ec9b0
        loss = #ce9178
        epsilon = #dcdcaa
        learning_rate = #c586c0
        win_rate = #6a9955
        sharpe = #569cd6
        drawdown = #f44747
        q_values = #9cdcfe
        good = #6a9955
        warning = #d7ba7d
        critical = #f44747
        status_background = #007acc
        status_foreground = #ffffff
        # Runs in the compare view, in the order they were marked.
        run_1 = #4ec9b0
        run_2 = #f14c4c
        run_3 = #e5c07b
        run_4 = #98c379
        run_5 = #c678dd
        run_6 = #d19a66
        run_7 = #d4d4d4
        run_8 = #61afef
        
        """

    static let light = """
        # nexlify-tui theme: light
        # Lines are `key = #rrggbb`; lines starting with # are comments. Unknown keys are ignored and
        # missing keys fall back to the built-in light colours.
        background = #fafafa
        foreground = #383a42
        muted = #8e8f96
        border = #c8c8cc
        title = #0184bc
        raw = #c5c6cc
        reference = #b0b0b6
        band = #d6e4f5
        profit = #0184bc
        loss = #c18401
        epsilon = #986801
        learning_rate = #a626a4
        win_rate = #50a14f
        sharpe = #4078f2
        drawdown = #e45649
        q_values = #0997b3
        good = #50a14f
        warning = #c18401
        critical = #e45649
        status_background = #e5e5e6
        status_foreground = #383a42
        # Runs in the compare view, in the order they were marked.
        run_1 = #00838f
        run_2 = #c62828
        run_3 = #b8860b
        run_4 = #2e7d32
        run_5 = #6a1b9a
        run_6 = #e65100
        run_7 = #37474f
        run_8 = #1565c0
        
        """
}
