obj-y += head.o
obj-y += entry.o
obj-y += crash.o
obj-y += early_printk.o
obj-y += mm.o
obj-y += psci.o
obj-y += traps.o
obj-y += smpboot.o
