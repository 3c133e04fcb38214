import{N as t,c as r}from"./chunk-4RZNDWJH.js";await t();r();
