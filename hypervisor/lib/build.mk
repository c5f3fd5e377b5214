obj-y += string.o
obj-y += vsnprintf.o
