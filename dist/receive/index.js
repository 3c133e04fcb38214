import{N as t,c as r}from"./chunk-LNETV3ZM.js";await t();r();
