// Non-variadic wrappers around libedit's histedit API, which Swift cannot call directly
// (el_set, el_get and history are C variadic functions), plus el_init with the standard streams
// (Swift 6 rejects stdin/stdout/stderr as unsafe global state).
#ifndef SYMKB_CEDITLINE_SHIM_H
#define SYMKB_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>

typedef char *(*symkb_prompt_fn)(EditLine *);
typedef unsigned char (*symkb_command_fn)(EditLine *, int);

static inline EditLine *symkb_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}
static inline int symkb_el_set_prompt(EditLine *el, symkb_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int symkb_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int symkb_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int symkb_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int symkb_el_add_function(EditLine *el, const char *name, const char *help, symkb_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int symkb_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}
static inline int symkb_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *symkb_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int symkb_history_set_size(History *h, HistEvent *ev, int size) { return history(h, ev, H_SETSIZE, size); }
static inline int symkb_history_set_unique(History *h, HistEvent *ev, int unique) { return history(h, ev, H_SETUNIQUE, unique); }
static inline int symkb_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }
static inline int symkb_history_clear(History *h, HistEvent *ev) { return history(h, ev, H_CLEAR); }

#endif
