// The few ncursesw pieces Swift cannot import directly: the wide-character API needs
// _XOPEN_SOURCE_EXTENDED, and global state needs small wrappers.
#ifndef NEXLIFY_CNCURSESW_SHIM_H
#define NEXLIFY_CNCURSESW_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *nx_stdscr(void) { return stdscr; }
static inline int nx_colors(void) { return COLORS; }
#endif
