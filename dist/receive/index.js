import{E as t,c as r}from"./chunk-3RJRI344.js";await t();r();
