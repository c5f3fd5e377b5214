obj-y += core.o
obj-$(CONFIG_SCHED_RR) += rr.o
