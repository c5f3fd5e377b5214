obj-$(CONFIG_PL011) += pl011.o
obj-y += arch_timer.o
obj-y += gic.o
obj-$(CONFIG_GICV2) += gic-v2.o
obj-$(CONFIG_GICV3) += gic-v3.o
