obj-y += fdt.o
obj-y += bootinfo.o
obj-y += dom0less.o
obj-y += static_evtchn.o
obj-y += passthrough.o
