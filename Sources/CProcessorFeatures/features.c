#include "CProcessorFeatures.h"

#include <stdlib.h>

int lrlab_processor_has_avx512(void) {
#if defined(__x86_64__)
    static int supported = -1;
    if (supported < 0) {
        __builtin_cpu_init();
        supported = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                    __builtin_cpu_supports("avx512dq");
    }
    return supported;
#else
    return 0;
#endif
}

int lrlab_environment_switch_is_on(const char *name) {
    const char *value = getenv(name);
    return value && value[0] == '1' && value[1] == 0;
}
