// A non-variadic wrapper around prctl(2), which Swift cannot call directly (it is variadic).
#ifndef SYMKB_CPROCESSCONTROL_SHIM_H
#define SYMKB_CPROCESSCONTROL_SHIM_H

#include <signal.h>
#include <sys/prctl.h>

/// Asks the kernel to kill the calling process when the thread that forked it exits.
static inline int symkb_die_with_parent(void) { return prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); }

#endif
