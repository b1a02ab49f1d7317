// SPDX-License-Identifier: GPL-2.0 OR Linux-OpenIB
/*
 * Out-of-tree only: the KUnit suites as a module of their own,
 * iwpm_kunit.ko, which links against what iwpm.ko exports for them
 * (compat/iwpm_global.c).  In-tree the suites are part of iw_cm.ko.
 */

#include <linux/module.h>

MODULE_DESCRIPTION("KUnit suites of the iWARP port mapper");
MODULE_LICENSE("Dual BSD/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
