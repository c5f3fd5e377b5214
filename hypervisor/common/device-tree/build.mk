obj-y += fdt.o
obj-y += bootinfo.o
