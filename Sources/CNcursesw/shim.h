// The few ncursesw pieces Swift cannot import directly: the wide-character API needs
// _XOPEN_SOURCE_EXTENDED, and attribute macros and global state need small wrappers.
#ifndef NEXLIFY_CNCURSESW_SHIM_H
#define NEXLIFY_CNCURSESW_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *nx_stdscr(void) { return stdscr; }
static inline int nx_lines(void) { return LINES; }
static inline int nx_cols(void) { return COLS; }
static inline int nx_colors(void) { return COLORS; }
static inline int nx_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t nx_a_bold(void) { return A_BOLD; }
static inline attr_t nx_a_dim(void) { return A_DIM; }
static inline attr_t nx_a_reverse(void) { return A_REVERSE; }
static inline attr_t nx_a_normal(void) { return A_NORMAL; }

/// Draws one character with attributes and an extended colour pair at (y, x).
static inline int nx_put(int y, int x, wchar_t ch, attr_t attributes, int pair) {
    wchar_t text[2] = { ch, 0 };
    cchar_t cell;
    if (setcchar(&cell, text, attributes, 0, &pair) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}
#endif
