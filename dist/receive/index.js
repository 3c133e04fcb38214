import{P as t,c as r}from"./chunk-BCOS4BET.js";await t();r();
