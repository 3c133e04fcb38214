import{N as t,c as r}from"./chunk-IMSFU2CT.js";await t();r();
