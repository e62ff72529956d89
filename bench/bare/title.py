import streamlit as st

st.title("A bare page")
