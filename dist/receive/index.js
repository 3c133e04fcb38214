import{F as t,c as r}from"./chunk-LJMNRTO5.js";await t();r();
