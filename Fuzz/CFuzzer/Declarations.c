// The module is its header (CFuzzer.h); SwiftPM needs one source file in a C target.
#include "CFuzzer.h"
