import{F as t,c as r}from"./chunk-J3GCEPEW.js";await t();r();
