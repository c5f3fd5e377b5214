obj-$(CONFIG_PL011) += pl011.o
