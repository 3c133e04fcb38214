import{F as t,c as r}from"./chunk-EATCPIB6.js";await t();r();
