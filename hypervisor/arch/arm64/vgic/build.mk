obj-y += vgic.o
obj-y += vgic-irq.o
obj-y += vgic-regs.o
obj-y += vgic-v2.o
obj-y += vgic-v3.o
