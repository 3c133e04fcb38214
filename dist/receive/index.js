import{E as t,c as r}from"./chunk-VMWOPFRQ.js";await t();r();
