import{F as t,c as r}from"./chunk-PLRWXOIM.js";await t();r();
