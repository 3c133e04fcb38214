import{F as t,c as r}from"./chunk-LD54TNDN.js";await t();r();
